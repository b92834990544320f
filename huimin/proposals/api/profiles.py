from ninja import Router

router = Router(tags=["organization profiles"])
