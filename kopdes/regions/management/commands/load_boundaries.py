from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kopdes.regions.boundaries import BOUNDARIES_DIR, SHIPPED_FILES, boundaries_load, read_geojson
from kopdes.regions.choices import RegionLevel

LEVELS = {
    "province": RegionLevel.PROVINCE,
    "provinsi": RegionLevel.PROVINCE,
    "regency": RegionLevel.REGENCY,
    "kabupaten": RegionLevel.REGENCY,
    "district": RegionLevel.DISTRICT,
    "kecamatan": RegionLevel.DISTRICT,
    "village": RegionLevel.VILLAGE,
    "desa": RegionLevel.VILLAGE,
}


class Command(BaseCommand):
    help = (
        "Load boundary polygons (GeoJSON FeatureCollection keyed by the Kemendagri code in properties.code, "
        "[longitude, latitude], .geojson or .geojson.gz). Without FILE: the files shipped in data/boundaries. The "
        "whole file is checked first; on any error nothing is loaded. A second run of the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="FILE")
        parser.add_argument(
            "--level",
            choices=sorted(LEVELS),
            help="every feature must be of this level (kabupaten/regency, kecamatan/district, desa/village)",
        )

    def handle(self, *args, files=(), level=None, **options):
        paths = [Path(name) for name in files] or [BOUNDARIES_DIR / name for name in SHIPPED_FILES]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"Berkas tidak ditemukan: {path}")
        failed = False
        for path in paths:
            try:
                data = read_geojson(path)
            except OSError as exc:
                raise CommandError(f"{path}: {exc}") from exc
            source = (
                str(path.relative_to(BOUNDARIES_DIR.parent.parent))
                if path.is_relative_to(BOUNDARIES_DIR)
                else path.name
            )
            result = boundaries_load(data=data, level=LEVELS.get(level) if level else None, source=source)
            if not result.ok:
                failed = True
                self.stderr.write(f"{path.name}: tidak dimuat, {len(result.errors)} kesalahan:")
                for error in result.errors:
                    self.stderr.write(f"  - {error}")
                continue
            levels = ", ".join(f"{name}: {count}" for name, count in result.by_level.items())
            extra = f"; {result.provinces} provinsi dari kabupaten/kota" if result.provinces else ""
            self.stdout.write(
                f"{path.name}: {result.total} batas ({levels}); baru {result.created}, diubah {result.updated}, "
                f"tetap {result.unchanged}{extra}."
            )
        if failed:
            raise CommandError("Ada berkas yang tidak dimuat (lihat kesalahan di atas).")
