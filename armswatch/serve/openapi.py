"""The OpenAPI 3.1 document, built from the endpoint declarations, and the /docs page
built from it: plain HTML with every value escaped, no script, no external resource."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from .. import __version__
from .endpoints import Endpoint

_OBJECT: dict[str, Any] = {"type": "object"}
_NEXT: dict[str, Any] = {"type": ["string", "null"], "description": "Pass as `after` for the next page; null on the last."}
SCHEMAS: dict[str, dict[str, Any]] = {
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message"],
                                 "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}},
    },
    "Page": {"type": "object", "required": ["items", "next"],
             "properties": {"items": {"type": "array", "items": _OBJECT}, "next": _NEXT}},
    "ArticleMeta": {
        "type": "object", "required": ["id", "title", "published", "ingested_at"],
        "properties": {k: {"type": ["string", "null"]} for k in ("id", "title", "outlet", "published", "url", "language",
                                                                 "ingested_at")},
    },
    "ArticlePage": {"type": "object", "required": ["items", "next"],
                    "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/ArticleMeta"}},
                                   "next": _NEXT}},
    "Span": {"type": "object", "required": ["start", "end", "text"],
             "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}, "text": {"type": "string"}}},
    "Article": {
        "type": "object",
        "required": ["id", "body", "mentions", "sentences", "claims", "deployments", "treaty_actions", "allegations",
                     "counts", "events"],
        "properties": {
            "id": {"type": "string"}, "body": {"type": "string"},
            "mentions": {"type": "array", "items": _OBJECT},
            "sentences": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
            **{k: {"type": "array", "items": {"type": "object", "properties": {"span": {"$ref": "#/components/schemas/Span"}}}}
               for k in ("claims", "deployments", "treaty_actions", "allegations", "counts", "events")},
        },
    },
    "SearchHit": {
        "type": "object", "required": ["article_id", "snippet", "highlights", "score"],
        "properties": {"article_id": {"type": "string"}, "title": {"type": ["string", "null"]},
                       "published": {"type": ["string", "null"]}, "outlet": {"type": ["string", "null"]},
                       "score": {"type": "number"}, "snippet": {"type": "string"},
                       "highlights": {"type": "array", "items": {"type": "array", "items": {"type": "integer"},
                                                                 "minItems": 2, "maxItems": 2}}},
    },
    "SearchPage": {"type": "object", "required": ["q", "items", "next"],
                   "properties": {"q": {"type": "string"},
                                  "items": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
                                  "next": _NEXT}},
}
_ERRORS = {400: "The request cannot be used (bad parameter, cursor or limit).", 404: "Nothing by that id or name.",
           405: "Only GET (and HEAD) are allowed.", 413: "The request body is too large.",
           500: "The server failed; the cause is in its log."}


def build_spec(endpoints: Sequence[Endpoint]) -> dict[str, Any]:
    """The OpenAPI 3.1 document of `endpoints`."""
    paths: dict[str, Any] = {}
    for e in endpoints:
        returns = {"$ref": f"#/components/schemas/{e.returns}"} if e.returns in SCHEMAS else _OBJECT
        responses: dict[str, Any] = {"200": {"description": "OK", "content": {"application/json": {"schema": returns}}}}
        for status in sorted({*e.errors, 405, 413, 500}):
            responses[str(status)] = {"$ref": f"#/components/responses/E{status}"}
        paths[e.path] = {"get": {
            "operationId": e.operation_id, "summary": e.summary, "tags": [e.tag],
            **({"description": e.description} if e.description else {}),
            "parameters": [
                {"name": p.name, "in": p.where, "required": p.required or p.where == "path", "description": p.help,
                 "schema": p.schema()}
                for p in e.all_params()
            ],
            "responses": responses,
        }}
    return {
        "openapi": "3.1.0",
        "info": {"title": "armswatch", "version": __version__,
                 "description": "A sourced record of missiles, missile defence and arms control from news: "
                                "the same functions as the `armswatch` command line, read-only, as JSON."},
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "responses": {f"E{s}": {"description": d, "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/Error"}}}} for s, d in _ERRORS.items()},
        },
    }


def docs_html(spec: dict[str, Any]) -> str:
    """A page listing every endpoint and its parameters, from the spec; every value escaped."""
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{escape(spec['info']['title'])} API</title></head><body>",
           f"<h1>{escape(spec['info']['title'])} API {escape(spec['info']['version'])}</h1>",
           f"<p>{escape(spec['info']['description'])}</p>",
           '<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Lists are paged: pass a '
           "page's <code>next</code> as <code>after</code>. Errors are <code>{\"error\": {\"code\", \"message\"}}</code>."
           "</p>"]
    for path, item in spec["paths"].items():
        for method, op in item.items():  # GET, and POST for the writes
            out.append(f'<h2 id="{escape(op["operationId"])}">{escape(method.upper())} <code>{escape(path)}</code></h2>')
            out.append(f"<p>{escape(op['summary'])}</p>")
            if op.get("security"):
                out.append("<p>Needs a token: <code>Authorization: Bearer &lt;token&gt;</code>.</p>")
            if op.get("description"):
                out.append(f"<p>{escape(op['description'])}</p>")
            if op["parameters"]:
                out.append("<table><tr><th>parameter</th><th>in</th><th>type</th><th>meaning</th></tr>")
                for p in op["parameters"]:
                    schema = p["schema"]
                    kind = " | ".join(schema["enum"]) if "enum" in schema else schema["type"]
                    required = " (required)" if p["required"] else ""
                    out.append(f"<tr><td><code>{escape(p['name'])}</code>{required}</td><td>{escape(p['in'])}</td>"
                               f"<td>{escape(kind)}</td><td>{escape(p['description'])}</td></tr>")
                out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)
