"""``signpost translate``: packs, the first pass and PO files from the command line, on a database of its own."""

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.config import get_settings
from app.translation.machine.argos import load
from tests.conftest import load_demo


@pytest.fixture(scope="module")
def own_site(tmp_path_factory):
    """A SQLite database and data folder just for these commands (a full run must not touch the shared one)."""
    root = tmp_path_factory.mktemp("cli-site")
    url = f"sqlite:///{root / 'signpost.db'}"
    load_demo(url, translations=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SIGNPOST_DATABASE_URL", url)
        patch.setenv("SIGNPOST_DATA_DIR", str(root / "data"))
        get_settings.cache_clear()
        yield root
    get_settings.cache_clear()
    load(root / "elsewhere")


def run(*args):
    result = CliRunner().invoke(cli, ["translate", *args])
    return result.exit_code, " ".join(result.output.split())


def test_packs_install_list_and_remove(own_site, copy_packs):
    assert run("packs", "list")[1].startswith("No language packs are installed.")
    code, out = run("packs", "install", str(copy_packs["es"]))
    assert code == 0 and "Installed en → es (version 1.0)" in out
    code, out = run("packs", "list")
    assert "en → es version 1.0" in out and "No machine translation into: ar, bn, fa" in out
    assert run("packs", "remove", "es") == (0, "Removed en → es.")
    assert run("packs", "remove", "es")[0] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("packs", "install"), "Give a .argosmodel FILE, or --from-index CODE"),
        (("packs", "install", "/no/such/file.argosmodel"), "There is no file at /no/such/file.argosmodel"),
        (("run", "--locale", "xx"), "'xx' is not a language Signpost translates into"),
        (("run", "--locale", "en"), "'en' is not a language Signpost translates into"),
    ],
)
def test_mistakes_get_a_clear_message(own_site, args, message):
    code, out = run(*args)
    assert code in (1, 2) and message in out


def test_installing_from_the_index_offline(own_site, monkeypatch):
    argos = load(own_site / "data")
    monkeypatch.setattr(argos.settings, "remote_package_index", "http://127.0.0.1:9/index.json")
    monkeypatch.setattr(argos.settings, "local_package_index", own_site / "no-index.json")
    code, out = run("packs", "install", "--from-index", "ar")
    assert code == 1 and "Could not download the Argos package index" in out


@pytest.mark.slow
def test_first_pass_from_the_command_line_then_nothing_left_to_do(own_site, copy_packs):
    run("packs", "install", str(copy_packs["ar"]))
    code, out = run("run", "--locale", "ar", "--dry-run")
    assert code == 0 and "Segments would be translated:" in out and "Model calls: 0" in out
    code, out = run("run", "--locale", "ar")
    translated = int(out.split("Segments translated: ")[1].split(";")[0])
    assert code == 0 and translated > 1000 and f"Model calls: {translated}" in out
    code, out = run("run")
    assert "Segments translated: 0;" in out and "Model calls: 0." in out
    assert "No language pack for: bn, es, fa" in out and "failed: 0" in out


def test_po_export_and_import(own_site, tmp_path):
    target = tmp_path / "so.po"
    code, out = run("po", "export", "--locale", "so", "--output", str(target))
    assert code == 0 and f"Wrote {target}" in out
    text = target.read_text(encoding="utf-8")
    first = text.index('msgstr ""\n\n#.')  # the first entry after the header
    target.write_text(
        text[:first] + 'msgstr "Turjumaad"\n\n#.' + text[first + len('msgstr ""\n\n#.') :], encoding="utf-8"
    )
    code, out = run("po", "import", str(target), "--by", "Hodan")
    assert code == 0 and "(so): 1 reviewed, 0 still to check (fuzzy)" in out
    (tmp_path / "bad.po").write_text("this is not a PO file\n", encoding="utf-8")
    code, out = run("po", "import", str(tmp_path / "bad.po"))
    assert code == 1 and "not a valid PO file" in out and "Nothing was changed." in out
