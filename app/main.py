"""create_app(): settings, database, routers, static files and error pages. Nothing runs at import time."""

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware

from app.config import Settings, get_settings
from app.db import make_engine
from app.directory.routes import router as directory_router
from app.guides.routes import router as guides_router
from app.web import errors
from app.web.pages import router as pages_router
from app.web.security import SecurityHeadersMiddleware
from app.web.static_files import StaticFiles


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="Signpost", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.engine = make_engine(settings.database_url)
    app.state.static = StaticFiles()
    app.include_router(app.state.static.router())
    app.include_router(pages_router)
    app.include_router(directory_router)
    app.include_router(guides_router)
    errors.install(app)
    app.add_middleware(GZipMiddleware, minimum_size=500)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
