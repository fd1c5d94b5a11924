"""The /api/v1 root: each app keeps its router in <app>/api.py."""

from kopdes.api.auth import AUTH
from kopdes.api.errors import register_error_handlers
from kopdes.api.openapi import KopdesAPI, docs_access
from kopdes.assessment.api import router as assessment_router
from kopdes.books.api import router as books_router
from kopdes.cooperatives.api import router as cooperatives_router
from kopdes.dashboard.api import router as dashboard_router
from kopdes.exchange.api import router as exchange_router
from kopdes.finance.api import router as finance_router
from kopdes.formation.api import router as formation_router
from kopdes.helpdesk.api import router as helpdesk_router
from kopdes.mapping.api import router as mapping_router
from kopdes.maps.api import router as maps_router
from kopdes.regions.api import router as regions_router
from kopdes.reporting.api import router as reporting_router
from kopdes.taskforce.api import router as taskforce_router
from kopdes.training.api import router as training_router

api = KopdesAPI(
    title="Kopdes API",
    version="1",
    description="Koperasi Desa/Kelurahan Merah Putih: wilayah, koperasi, tahapan pembentukan dan progres.",
    auth=AUTH,
    docs_decorator=docs_access,
    urls_namespace="api",
)
register_error_handlers(api)
api.add_router("/regions", regions_router, tags=["wilayah"])
api.add_router("/cooperatives", cooperatives_router, tags=["koperasi"])
api.add_router("/", dashboard_router, tags=["progres"])
api.add_router("/", formation_router, tags=["pembentukan"])
api.add_router("/", mapping_router, tags=["pemetaan potensi & BUMDes"])
api.add_router("/simkopdes", exchange_router, tags=["SIMKOPDES"])
api.add_router("/taskforce", taskforce_router, tags=["Satgas"])
api.add_router("/training", training_router, tags=["pelatihan"])
api.add_router("/finance", finance_router, tags=["kemitraan & pembiayaan"])
api.add_router("/helpdesk", helpdesk_router, tags=["konsultasi"])
api.add_router("/reporting", reporting_router, tags=["laporan berkala"])
api.add_router("/", books_router, tags=["pembukuan"])
api.add_router("/", assessment_router, tags=["penilaian keaktifan"])
api.add_router("/", maps_router, tags=["peta"])
