"""Easy-read benchmark: the checker, and leaflet PDFs made cold and served from the cache.

    .venv/bin/python bench/easyread.py             # the 8 demo leaflets, 5 rounds
    .venv/bin/python bench/easyread.py --rounds 9

Baselines measured in the same run: for the checker, the simplest rule alone (splitting into sentences and
counting words); for the PDF, rendering the same leaflet's HTML page through the app. Prints medians of the rounds
and the ratios, per leaflet.
"""

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[0] = str(
    Path(__file__).resolve().parent.parent
)  # the repository, not bench/ (its http.py would shadow the standard library)

from fastapi.testclient import TestClient  # noqa: E402
from sqlmodel import Session  # noqa: E402

from app import migrations  # noqa: E402
from app.config import REPO_ROOT, Settings  # noqa: E402
from app.content.importer import import_content  # noqa: E402
from app.content.loader import load_content  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.easyread import checker, rules  # noqa: E402
from app.main import create_app  # noqa: E402
from app.translation.po import import_folder  # noqa: E402


def _per_leaflet(action, leaflets) -> float:
    started = time.perf_counter()
    for leaflet in leaflets:
        action(leaflet)
    return (time.perf_counter() - started) / len(leaflets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    content = load_content(REPO_ROOT / "content", REPO_ROOT / "easyread")
    documents = [leaflet.model_dump(mode="json") for leaflet in content.leaflets]
    slugs = [leaflet.slug for leaflet in content.leaflets]

    def lengths_only(data: dict) -> None:
        for row in data["rows"]:
            for sentence in checker.sentences(row["text"]):
                len(rules.words(sentence))

    checker.check(documents[0])  # word lists and textstat loaded once, outside every timing
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'signpost.db'}"
        migrations.upgrade(url)
        engine = make_engine(url)
        with Session(engine) as db:
            import_content(db, content)
            import_folder(db, REPO_ROOT / "easyread" / "translations")
            db.commit()
        app = create_app(Settings(environment="test", database_url=url, data_dir=Path(folder) / "data"))
        timings: dict[str, list[float]] = {name: [] for name in ("check", "lengths", "html", "pdf", "cached")}
        with TestClient(app) as client:
            client.get(f"/en/easy-read/{slugs[0]}.pdf")  # fonts found and loaded once
            for _ in range(rounds):
                timings["check"].append(_per_leaflet(checker.check, documents))
                timings["lengths"].append(_per_leaflet(lengths_only, documents))
                timings["html"].append(
                    _per_leaflet(
                        lambda slug: client.get(f"/en/easy-read/{slug}", headers={"cache-control": "no-cache"}), slugs
                    )
                )
                for path in app.state.leaflet_pdfs.folder.glob("*.pdf"):
                    path.unlink()
                timings["pdf"].append(_per_leaflet(lambda slug: client.get(f"/en/easy-read/{slug}.pdf"), slugs))
                timings["cached"].append(_per_leaflet(lambda slug: client.get(f"/en/easy-read/{slug}.pdf"), slugs))
    median = {name: statistics.median(values) * 1000 for name, values in timings.items()}
    print(
        f"{platform.node()}: {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"{len(slugs)} leaflets, {rounds} rounds, medians per leaflet"
    )
    print(
        f"checker, every rule     {median['check']:8.2f} ms   ({median['check'] / median['lengths']:.1f}× "
        f"sentence lengths alone: {median['lengths']:.2f} ms)"
    )
    print(
        f"PDF made cold           {median['pdf']:8.1f} ms   ({median['pdf'] / median['html']:.1f}× the HTML page "
        f"as served: {median['html']:.1f} ms)"
    )
    print(f"PDF from the cache      {median['cached']:8.1f} ms   ({median['cached'] / median['pdf']:.3f}× cold)")


if __name__ == "__main__":
    main()
