"""Translation pipeline benchmark: what Signpost adds around the machine translation model.

    .venv/bin/python bench/translate.py            # the demo content, 3 rounds
    .venv/bin/python bench/translate.py --rounds 5

Uses the tests' tiny "copy" Argos pack (built here in well under a second, no download), so the model itself is
nearly free and the numbers show the pipeline's own cost: reading segments, the translation memory, protecting names
and numbers, the glossary, Argos's sentence splitting and tokenising, and saving each result. The baseline, measured
in the same run, calls Argos directly on the same texts. A second run over unchanged content must make zero model
calls. Prints medians of the rounds.
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[0] = str(
    Path(__file__).resolve().parent.parent
)  # the repository, not bench/ (its http.py would shadow the standard library)

from sqlmodel import Session  # noqa: E402

from app import migrations  # noqa: E402
from app.config import REPO_ROOT  # noqa: E402
from app.content.importer import import_content  # noqa: E402
from app.content.loader import load_content  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.i18n.locales import get_locale  # noqa: E402
from app.translation import first_pass, packs  # noqa: E402
from app.translation.machine import ArgosMachine  # noqa: E402
from app.translation.machine.argos import load  # noqa: E402
from tests.translation.conftest import CountingMachine  # noqa: E402
from tests.translation.tiny_pack import build_pack  # noqa: E402


def one_round(root: Path) -> dict[str, float]:
    url = f"sqlite:///{root / 'signpost.db'}"
    migrations.upgrade(url)
    engine = make_engine(url)
    data = root / "data"
    packs.install_file(data, build_pack(root, to_code="ar"))
    machine = ArgosMachine(data)
    english, arabic = get_locale("en"), get_locale("ar")
    with Session(engine) as db:
        import_content(db, load_content(REPO_ROOT / "content"))
        db.commit()
        texts = list(first_pass.sources_of(db, None).values())
    machine.translate(english, arabic, texts[:1])  # load the model once, outside every timing
    started = time.perf_counter()
    machine.translate(english, arabic, texts)
    direct = time.perf_counter() - started
    counting = CountingMachine(machine)
    with Session(engine) as db:
        started = time.perf_counter()
        report = first_pass.run(db, counting, locales=[arabic], saved=db.commit)
        db.commit()
        pipeline = time.perf_counter() - started
        calls_first = counting.calls
        counting.calls = 0
        started = time.perf_counter()
        again = first_pass.run(db, counting, locales=[arabic])
        second = time.perf_counter() - started
    engine.dispose()
    assert report.failed == 0, report.failures[:3]
    assert counting.calls == 0 and again.translated == 0, "a second run must make zero model calls"
    return {
        "texts": len(texts),
        "direct": direct,
        "pipeline": pipeline,
        "calls_first": calls_first,
        "second": second,
        "calls_second": counting.calls,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rounds = []
    for n in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="bench-translate-") as tmp:
            load(Path(tmp) / "data")
            rounds.append(one_round(Path(tmp)))
        print(
            f"round {n + 1}: {rounds[-1]['texts']} texts, direct {rounds[-1]['direct']:.2f} s, "
            f"pipeline {rounds[-1]['pipeline']:.2f} s, second run {rounds[-1]['second']:.2f} s",
            file=sys.stderr,
        )
    median = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    texts = int(median["texts"])
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; demo content, English → Arabic copy pack; median of {args.rounds} rounds"
    )
    print(f"{'':34}{'seconds':>10}{'texts/s':>10}{'model calls':>13}")
    print(f"{'Argos directly (baseline)':34}{median['direct']:>10.2f}{texts / median['direct']:>10.0f}{texts:>13}")
    print(
        f"{'Signpost first pass':34}{median['pipeline']:>10.2f}{texts / median['pipeline']:>10.0f}"
        f"{int(median['calls_first']):>13}"
    )
    print(f"{'Second run, content unchanged':34}{median['second']:>10.2f}{'':>10}{int(median['calls_second']):>13}")
    overhead = median["pipeline"] / median["direct"]
    print(
        f"Pipeline / direct: {overhead:.2f}× ({(median['pipeline'] - median['direct']) / texts * 1000:.2f} ms "
        "per text around the model)"
    )


if __name__ == "__main__":
    main()
