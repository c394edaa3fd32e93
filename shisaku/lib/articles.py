"""How an article of the ordinance is named: 第12条 in text, 12条 in the report's narrow
columns. One helper, used everywhere an article number is printed."""


def format_article(number: int, style: str = "full") -> str:
    """第12条 ("full") or 12条 ("short", the 施策一覧's column)."""
    if style == "short":
        return f"{number}条"
    if style != "full":
        raise ValueError(style)
    return f"第{number}条"
