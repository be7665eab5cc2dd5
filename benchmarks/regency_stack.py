"""ASGI factories the regency benchmark runs under uvicorn (`--app-dir benchmarks`):

- `create_app`: the four services behind one origin (`/api/<service>/`, the embedded stack's layout,
  which is what the proxy gives in production), configured from the JSON in BALAI_BENCH_CONFIG;
- `create_ceiling_app`: a bare FastAPI JSON endpoint, the framework ceiling on the same server setup.
"""

from __future__ import annotations

import json
import os
from typing import Any

from fastapi import FastAPI
from starlette.applications import Starlette


def create_app() -> Starlette:
    from balai.common.logs import configure_logging
    from balai.stack.app import build_stack

    config: dict[str, Any] = json.loads(os.environ["BALAI_BENCH_CONFIG"])
    configure_logging("WARNING", json_logs=False)
    return build_stack(
        config["shared"],
        database_url_template=config["database_url_template"],
        per_service=config.get("per_service", {}),
    )


def create_ceiling_app() -> FastAPI:
    app = FastAPI()

    @app.get("/ping")
    async def ping() -> dict[str, str]:
        return {"status": "ok", "service": "ceiling"}

    return app
