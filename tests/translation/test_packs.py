"""Installing, listing, replacing and removing language packs; bad packs are refused with a clear message and
leave nothing behind; no connection to the internet is ever attempted."""

import json
import zipfile

import pytest

from app.i18n.locales import Locale, get_locale
from app.translation import packs, splitter
from app.translation.machine import ArgosMachine, MachineError, NullMachine
from app.translation.machine.argos import load, packages_dir
from tests.translation.tiny_pack import build_pack

EN, AR, BN, ES = (get_locale(code) for code in ("en", "ar", "bn", "es"))
GERMAN = Locale("de", "German", argos_code="de")  # no pack for it, and not one of Signpost's languages


@pytest.fixture
def data_dir(tmp_path):
    yield tmp_path / "data"
    load(tmp_path / "elsewhere")  # leave Argos pointing at an empty folder, not at this test's packs


def test_install_list_replace_and_remove(data_dir, copy_packs, tmp_path):
    pack = packs.install_file(data_dir, copy_packs["ar"])
    assert (pack.from_code, pack.to_code, pack.version, pack.supplied_splitter) == ("en", "ar", "1.0", False)
    newer = packs.install_file(data_dir, build_pack(tmp_path, to_code="ar", version="1.1"))
    assert [p.version for p in packs.installed(data_dir)] == ["1.1"] and newer.folder != pack.folder
    assert ArgosMachine(data_dir).producer(EN, AR) == "argos translate-en_ar 1.1"
    packs.remove(data_dir, "ar")
    assert packs.installed(data_dir) == [] and ArgosMachine(data_dir).targets(EN) == set()
    with pytest.raises(MachineError, match="No pack from English to 'ar'"):
        packs.remove(data_dir, "ar")


def test_a_pack_without_a_sentence_splitter_gets_signpost_s_and_works_offline(data_dir, tmp_path):
    pack = packs.install_file(data_dir, build_pack(tmp_path, to_code="bn", with_splitter=False))
    assert pack.supplied_splitter
    assert (packages_dir(data_dir) / pack.folder / "minisbd" / splitter.FILENAME).is_file()
    machine = ArgosMachine(data_dir)
    assert machine.translate(EN, BN, ["First sentence. Second one? Third!"]) == ["First sentence. Second one? Third!"]


def _zip(path, files: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def _good_files(top="translate-en_xx-1_0", **meta):
    metadata = {"from_code": "en", "to_code": "xx", "package_version": "1.0", "type": "translate", **meta}
    return {
        f"{top}/metadata.json": json.dumps(metadata).encode(),
        f"{top}/model/model.bin": b"",
        f"{top}/sentencepiece.model": b"",
    }


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({**_good_files(), "other/readme.txt": b""}, "exactly one folder"),
        ({**_good_files(), "translate-en_xx-1_0/../../evil.txt": b""}, "unsafe file names"),
        ({"/translate-en_xx-1_0/metadata.json": b"{}"}, "unsafe file names"),
        (_good_files(from_code="fr"), "does not translate from English"),
        (_good_files(type="sbd"), "not a translation pack"),
        ({"p/metadata.json": b"{not json", "p/model/model.bin": b""}, "metadata.json is missing or unreadable"),
        ({k: v for k, v in _good_files().items() if not k.endswith("model.bin")}, "model/model.bin is missing"),
        ({k: v for k, v in _good_files().items() if not k.endswith("sentencepiece.model")}, "no tokenizer model"),
    ],
)
def test_bad_packs_are_refused_and_leave_nothing_behind(data_dir, tmp_path, files, message):
    with pytest.raises(MachineError, match=message):
        packs.install_file(data_dir, _zip(tmp_path / "bad.argosmodel", files))
    assert not packages_dir(data_dir).exists() or list(packages_dir(data_dir).iterdir()) == []
    assert not (tmp_path / "evil.txt").exists()


def test_a_file_that_is_not_a_pack_or_not_there(data_dir, tmp_path):
    (tmp_path / "notes.argosmodel").write_text("hello")
    with pytest.raises(MachineError, match="not a zip archive"):
        packs.install_file(data_dir, tmp_path / "notes.argosmodel")
    with pytest.raises(MachineError, match="There is no file"):
        packs.install_file(data_dir, tmp_path / "missing.argosmodel")


def test_installing_from_the_index_offline_is_a_clear_error(data_dir, monkeypatch):
    argos = load(data_dir)
    monkeypatch.setattr(argos.settings, "remote_package_index", "http://127.0.0.1:9/index.json")
    monkeypatch.setattr(argos.settings, "local_package_index", data_dir / "argos" / "index.json")
    with pytest.raises(MachineError, match="Could not download the Argos package index.*packs install FILE"):
        packs.install_from_index(data_dir, "ar")


@pytest.fixture(params=["null", "argos"])
def any_machine(request, data_dir, copy_packs):
    if request.param == "null":
        return NullMachine(), set()
    packs.install_file(data_dir, copy_packs["es"])
    return ArgosMachine(data_dir), {ES}


def test_every_machine_keeps_the_same_contract(any_machine):
    machine, targets = any_machine
    assert machine.targets(EN) == targets
    with pytest.raises(MachineError, match="'de'"):
        machine.translate(EN, GERMAN, ["Hello."])  # Argos itself would fail with an AttributeError on None
    with pytest.raises(MachineError):
        machine.producer(EN, GERMAN)
    for target in targets:
        batch = ["Hello there. How are you?", "Call 020 7946 0123.", "", "Fine!"]
        assert machine.translate(EN, target, batch) == batch  # in order, one for each
        assert machine.translate(EN, target, []) == []
        too_long = " ".join(["word"] * 400) + "."
        with pytest.raises(MachineError, match="too long"):
            machine.translate(EN, target, ["Hello there.", too_long])


def test_a_stray_folder_among_the_packs_is_named_not_a_crash(data_dir, copy_packs):
    packs.install_file(data_dir, copy_packs["ar"])
    (packages_dir(data_dir) / "backup-copy").mkdir()
    with pytest.raises(MachineError, match="backup-copy is not a language pack"):
        ArgosMachine(data_dir).targets(EN)
    assert [pack.to_code for pack in packs.installed(data_dir)] == ["ar"]
