"""Request bodies read straight into their wire model, in a worker thread.

FastAPI reads a JSON body with the standard library's ``json.loads`` and then validates the
Python objects against the route's model, both on the event loop, where a push of 500
changes holds every other request up. ``WireBodyRoute`` (FastAPI's documented way to give a
route its own ``Request``) has the body parsed and validated in one pass by pydantic-core
(``model_validate_json``), in the thread pool; FastAPI then finds the model already made and
passes it through. A body that does not validate is read as before and answered by
FastAPI's own validation, so a refusal says exactly what it said; the route's OpenAPI
document is unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class WireBodyRequest(Request):
    """A request whose JSON body becomes ``model`` in one pass, off the event loop."""

    model: type[BaseModel]

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                self._json = await run_in_threadpool(self.model.model_validate_json, body)
            except ValidationError:  # let FastAPI say what is wrong, in its own words
                self._json = json.loads(body)
        return self._json


class WireBodyRoute(APIRoute):
    """A route whose body model (a pydantic model) is read by ``WireBodyRequest``."""

    def get_route_handler(self) -> Handler:
        handler: Handler = super().get_route_handler()
        field = self.body_field
        model = getattr(field.field_info, "annotation", None) if field is not None else None
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return handler
        request_class = type(f"{model.__name__}Request", (WireBodyRequest,), {"model": model})

        async def read_as_model(request: Request) -> Response:
            return await handler(request_class(request.scope, request.receive))

        return read_as_model
