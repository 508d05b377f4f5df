"""The OpenAPI 3.1 document, generated from the routes' `@documented` declarations and the
schemas in `api.schemas` (and, for task forms, JSON Schema straight from `forms/`)."""

from __future__ import annotations

import re
from typing import Any

from flask import current_app

from webapp.api import PUBLIC_ENDPOINTS, documented
from webapp.api.schemas import COMPONENTS

_ERRORS = {"400": "A NUL character in the request, or a JSON body nested too deeply",
           "401": "Not signed in", "403": "Outside your jurisdiction or role", "404": "Not found",
           "409": "The task is no longer ready, or claimed by someone else",
           "422": "Invalid data; `field_errors` names each field"}
_UPLOADS = ("api.upload_attachment", "api.verify_certificate_file")
_EXTRA_ERRORS = {"api.create_token": {"429": "Too many failed sign-ins for this username from this address, or from "
                                              "this address; try later"},
                 **{endpoint: {"413": "The request body is larger than the server accepts"} for endpoint in _UPLOADS},
                 "api.urge_case": {"409": "Already urged by you for this working day, or nobody to urge"},
                 "api.copy_decision": {"409": "Already copied to everyone named"}}


@documented("This document")
def openapi_document() -> Any:
    return build_document()


def build_document() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for rule in current_app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        view = current_app.view_functions[rule.endpoint]
        meta = getattr(view, "openapi", None)
        if meta is None:
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(rule, meta, path)
    return {
        "openapi": "3.1.0",
        "info": {"title": "brandcert API", "version": "1",
                 "description": "Recommendation, recognition and supervision of labor-service brands."},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": COMPONENTS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }


def _operation(rule: Any, meta: dict[str, Any], path: str) -> dict[str, Any]:
    operation: dict[str, Any] = {"summary": meta["summary"], "operationId": rule.endpoint.split(".", 1)[1]}
    parameters = [{"name": name, "in": "path", "required": True,
                   "schema": {"type": "integer" if f"<int:{name}>" in rule.rule else "string"}}
                  for name in re.findall(r"\{(\w+)\}", path)]
    parameters += [{"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
                   for name in meta["query"]]
    if parameters:
        operation["parameters"] = parameters
    if meta["body"]:
        operation["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{meta['body']}"}}}}
    elif rule.endpoint in _UPLOADS:
        operation["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}}}}
    success: dict[str, Any] = {"description": "OK"}
    if meta["response"]:
        success["content"] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{meta['response']}"}}}
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    errors = {**_ERRORS, **_EXTRA_ERRORS.get(rule.endpoint, {})}
    operation["responses"] = {str(meta["status"]): success,
                              **{code: {"description": text, **error} for code, text in sorted(errors.items())}}
    if rule.endpoint in PUBLIC_ENDPOINTS:
        operation["security"] = []
    return operation
