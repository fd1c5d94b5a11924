from ninja import Router, Schema

router = Router()


class OverlapCountsOut(Schema):
    open: int
    resolved: int
