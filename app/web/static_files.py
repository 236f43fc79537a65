"""Static files under content-hashed names (``signpost.3f2a9c1b.css``) served with a year-long cache lifetime."""

import hashlib
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

STATIC_DIR = Path(__file__).parent / "static"
IMMUTABLE = "public, max-age=31536000, immutable"


class StaticFiles:
    """Maps each file in ``directory`` to a name with a hash of its content, computed once when the app starts."""

    def __init__(self, directory: Path = STATIC_DIR) -> None:
        self.directory = directory
        self.hashed: dict[str, str] = {}  # "signpost.css" -> "signpost.3f2a9c1b.css"
        self.files: dict[str, Path] = {}  # hashed name -> path
        for path in sorted(directory.iterdir()):
            if path.is_file():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
                name = f"{path.stem}.{digest}{path.suffix}"
                self.hashed[path.name] = name
                self.files[name] = path

    def url(self, name: str) -> str:
        return f"/static/{self.hashed[name]}"

    def router(self) -> APIRouter:
        router = APIRouter()

        @router.get("/static/{name}", include_in_schema=False, name="static")
        def static(name: str) -> FileResponse:
            path = self.files.get(name)
            if path is None:
                raise HTTPException(status_code=404)
            return FileResponse(path, headers={"Cache-Control": IMMUTABLE})

        return router
