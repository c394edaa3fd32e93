"""SVG for inlining into an HTML page under a Content-Security-Policy without 'unsafe-inline'.

Matplotlib writes its SVG styling as `style="fill: …; stroke: …"` attributes and one
`<style>*{stroke-linejoin: round; stroke-linecap: butt}</style>` element. A page whose policy is
`style-src 'self'` blocks both once the SVG is part of the page, so the chart would lose its
colours and line styles. Every property matplotlib uses is also an SVG presentation attribute,
so the same drawing is written with attributes only: nothing for the policy to block.
"""

import re

_TAG = re.compile(r"<([A-Za-z][\w:.-]*)(\s[^<>]*?)?(/?)>")
_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S)
_UNIVERSAL_RULE = re.compile(r"^\s*\*\s*\{([^{}]*)\}\s*$", re.S)
_PROPERTY = re.compile(r"^[a-z-]+$")
_SHAPES = {"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "use", "text"}


def _declarations(css: str) -> list[tuple[str, str]]:
    pairs = []
    for part in css.split(";"):
        name, sep, value = part.partition(":")
        name, value = name.strip().lower(), value.strip()
        if sep and _PROPERTY.match(name) and value:
            pairs.append((name, value.replace('"', "&quot;")))
    return pairs


def _with_attributes(tag: str, attrs: str, close: str, extra: list[tuple[str, str]]) -> str:
    names = {name for name, _value in extra}
    # A presentation attribute of the same name would be a duplicate: the declaration wins,
    # as a style attribute did.
    for name in names:
        attrs = re.sub(rf'\s{re.escape(name)}="[^"]*"', "", attrs)
    added = "".join(f' {name}="{value}"' for name, value in extra)
    return f"<{tag}{attrs}{added}{close}>"


def without_inline_css(svg: str) -> str:
    """The same drawing with `style` attributes turned into presentation attributes and a
    universal `<style>` rule written onto every shape that does not set its own value. Any other
    stylesheet content is refused rather than silently dropped."""
    inherited: list[tuple[str, str]] = []
    for css in _STYLE_ELEMENT.findall(svg):
        rule = _UNIVERSAL_RULE.match(css)
        if css.strip() and not rule:
            raise ValueError(f"SVG stylesheet not convertible to attributes: {css[:80]!r}")
        if rule:
            inherited.extend(_declarations(rule.group(1)))
    svg = _STYLE_ELEMENT.sub("", svg)

    def rewrite(match: re.Match) -> str:
        tag, attrs, close = match.group(1), match.group(2) or "", match.group(3)
        extra = []
        style = _STYLE_ATTR.search(attrs)
        if style:
            attrs = attrs[:style.start()] + attrs[style.end():]
            extra = _declarations(style.group(1))
        if tag in _SHAPES and inherited:
            # `*{…}` applied to each element, not by inheritance: give each shape the values
            # it does not set itself (a group's own value must not reach its children).
            own = {name for name, _value in extra} | set(re.findall(r'\s([\w:-]+)="', attrs))
            extra = [pair for pair in inherited if pair[0] not in own] + extra
        return _with_attributes(tag, attrs, close, extra) if extra else match.group(0)

    return _TAG.sub(rewrite, svg)


def inline_svg(data: bytes | str) -> str:
    """SVG document → markup to inline in HTML: the XML prolog dropped, no inline CSS."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return without_inline_css(text[text.find("<svg"):])
