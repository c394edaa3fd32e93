"""The documentation page's content, read from the OpenAPI schema itself (so the page and the
schema cannot disagree): each operation with its parameters and response fields, and each
component schema with its fields. Descriptions are Japanese msgids, translated here."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .api import api

METHODS = ("get", "head", "post", "put", "patch", "delete")


def schema() -> dict:
    return api.get_openapi_schema()


def _tr(text: str | None) -> str:
    return _(text) if text else ""


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_label(node: dict) -> tuple[str, str | None]:
    """(a readable type, the component it links to or None)."""
    if not isinstance(node, dict):
        return "any", None
    if "$ref" in node:
        name = _ref_name(node["$ref"])
        return name, name
    if "anyOf" in node:
        parts = [type_label(option) for option in node["anyOf"]]
        link = next((ref for _label, ref in parts if ref), None)
        return " | ".join(label for label, _ref in parts), link
    kind = node.get("type", "")
    if kind == "array":
        inner, link = type_label(node.get("items", {}))
        return f"array[{inner}]", link
    if kind == "object" and "additionalProperties" in node:
        inner, link = type_label(node["additionalProperties"])
        return f"object[string, {inner}]", link
    if node.get("format"):
        return f"{kind} ({node['format']})", None
    return kind or "any", None


STATUS = {
    "200": gettext_noop("成功"),
    "401": gettext_noop("トークンが無効か失効している"),
    "404": gettext_noop("見つからない"),
    "422": gettext_noop("パラメータの値が受け付けられない"),
    "429": gettext_noop("呼び出しが多すぎる（しばらく待って再度）"),
}


def _constraints(node: dict) -> str:
    for option in node.get("anyOf", []):
        if isinstance(option, dict) and option.get("type") != "null":
            node = {**option, "default": node.get("default")}
    parts = []
    for key, sign in (("minimum", "≥"), ("maximum", "≤"), ("maxLength", "len ≤")):
        if key in node:
            parts.append(f"{sign} {node[key]}")
    if "default" in node and node["default"] is not None:
        parts.append(_("既定値 %(value)s") % {"value": node["default"]})
    return "、".join(parts)


def _fields(component: dict) -> list[dict]:
    required = set(component.get("required", []))
    rows = []
    for name, node in component.get("properties", {}).items():
        label, link = type_label(node)
        rows.append({"name": name, "type": label, "link": link, "required": name in required,
                     "description": _tr(node.get("description"))})
    return rows


def _response_of(operation: dict) -> list[dict]:
    rows = []
    for status, answer in operation.get("responses", {}).items():
        content = answer.get("content", {}).get("application/json", {})
        label, link = type_label(content.get("schema", {})) if content else ("", None)
        rows.append({"status": status, "type": label, "link": link,
                     "description": _tr(STATUS.get(status) or answer.get("description"))})
    return rows


def operations() -> list[dict]:
    found = []
    for path, item in schema().get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = []
            for parameter in operation.get("parameters", []):
                node = parameter.get("schema", {})
                label, _link = type_label(node)
                parameters.append({
                    "name": parameter["name"], "in": parameter["in"], "type": label,
                    "required": parameter.get("required", False),
                    "description": _tr(parameter.get("description") or node.get("description")),
                    "constraints": _constraints(node),
                })
            found.append({
                "method": method.upper(), "path": path, "id": operation.get("operationId", ""),
                "summary": _tr(operation.get("summary")),
                "description": _tr(operation.get("description")),
                "tags": operation.get("tags", []), "parameters": parameters,
                "responses": _response_of(operation),
            })
    return found


def components() -> list[dict]:
    found = schema().get("components", {}).get("schemas", {})
    return [{"name": name, "fields": _fields(node), "description": _tr(node.get("description"))}
            for name, node in sorted(found.items())]
