"""What reporting registers: the "reporting" progress block, the cooperative panel, the menu entry."""


def register() -> None:
    return None
