"""The tiny copy pack: Argos installs it offline, with no connection attempted, and gives every input back.

``argostranslate`` reads its settings and creates its folders when imported, so it only ever runs in a
subprocess with its homes under ``tmp_path`` and the network switched off before the import.
"""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.translation.tiny_pack import build_pack

PARAGRAPH = (
    "Kingsmead library opens at nine on weekdays. Staff can help you find books, use a computer, print "
    "forms or apply for a bus pass! Children's groups meet on Tuesday (10am) and Thursday (2pm); carers "
    "are welcome. Is the room free? Call 020 7946 0123 or email help@kingsmead.example for details. "
    "Parking costs £2.50 per hour, and 20% of spaces are for blue badge holders."
)

COPIED = [
    "Hello there.",
    "Hello there. How are you?",
    "Hello there. How are you? Fine!",
    "Call 020 7946 0123 or email help@kingsmead.example today.",
    "Read more at https://kingsmead.example/care before you visit.",
    "Bring ⟦1⟧ to ⟦12⟧ and see **opening hours** or [the map](⟦2⟧).",
    'It costs £12.50 (50% off) - "free" for carers; ask at A&E, #3 or @home: 2024/25 [sic] *',
    "Numbers 0123456789, 3.5 miles and e.g. this stay whole.",
    "Text that is not English: مرحبا بكم. هل أنت بخير؟ Café naïve – “quotes” … 🙂",
    "Two  spaces, a\ttab, and Wait... what?! survive.",
    "First paragraph.\nSecond paragraph, on its own line.",
    PARAGRAPH,
]

# What does not come back unchanged: Argos's decoder turns "_" into a space, each paragraph is stripped, and
# sentences are rejoined with one space (so a split at "。", which needs no space after it, gains one).
CHANGED = {
    "snake_case": "snake case",
    "  padded  ": "padded",
    "One.   Two.": "One. Two.",
    "你好。谢谢。": "你好。 谢谢。",
}

_SCRIPT = """
import json, socket, sys

def refuse(*args, **kwargs):
    raise OSError("network blocked in the tiny pack test")

socket.socket.connect = socket.socket.connect_ex = socket.getaddrinfo = refuse
import argostranslate.package
import argostranslate.translate

argostranslate.package.install_from_path(sys.argv[1])
texts = json.loads(sys.stdin.read())
print(json.dumps([argostranslate.translate.translate(text, "en", "ar") for text in texts]))
"""


def run_argos(home: Path, pack: Path, texts: list[str]) -> subprocess.CompletedProcess:
    """Install ``pack`` into a fresh Argos under ``home`` and translate ``texts`` from en to ar, offline."""
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "share"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "ARGOS_PACKAGES_DIR": str(home / "packages"),
        "ARGOS_CHUNK_TYPE": "MINISBD",
        "ARGOS_INTRA_THREADS": "1",
        "ARGOS_DEVICE_TYPE": "cpu",
    }
    return subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(pack)],
        input=json.dumps(texts),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def translated(tmp_path_factory) -> dict[str, str]:
    """Every test input, run through Argos and the tiny pack in one subprocess."""
    root = tmp_path_factory.mktemp("argos")
    texts = COPIED + list(CHANGED)
    result = run_argos(root / "home", build_pack(root), texts)
    assert result.returncode == 0, result.stderr
    return dict(zip(texts, json.loads(result.stdout.splitlines()[-1]), strict=True))


@pytest.mark.parametrize("text", COPIED)
def test_argos_gives_the_text_back(translated, text):
    assert translated[text] == text


@pytest.mark.parametrize("text", list(CHANGED))
def test_argos_changes_only_what_it_always_changes(translated, text):
    assert translated[text] == CHANGED[text]


def test_without_its_splitter_argos_would_download_one(tmp_path):
    result = run_argos(tmp_path / "home", build_pack(tmp_path, with_splitter=False), ["Hello there."])
    assert result.returncode != 0
    assert "network blocked in the tiny pack test" in result.stderr


def test_the_splitter_ends_sentences_at_sentence_punctuation(tmp_path):
    from minisbd import SBDetect

    with zipfile.ZipFile(build_pack(tmp_path)) as archive:
        archive.extractall(tmp_path)
    (model,) = tmp_path.glob("*/minisbd/*.onnx")
    detector = SBDetect(str(model), use_gpu=False, max_threads=1)

    assert detector.sentences("Hello there. How are you? Fine!") == ["Hello there.", "How are you?", "Fine!"]
    assert detector.sentences("مرحبا؟ شكرا۔ Done. 你好。谢谢。") == ["مرحبا؟", "شكرا۔", "Done.", "你好。", "谢谢。"]
    assert detector.sentences("One.\n\nTwo") == ["One.", "Two"]
    unsplit = "It costs £3.50, see https://kingsmead.example/care or help@kingsmead.example today"
    assert detector.sentences(unsplit) == [unsplit]


def test_the_pack_is_one_folder_with_model_tokenizer_and_splitter(tmp_path):
    pack = build_pack(tmp_path, to_code="cy", version="2.1")
    assert pack == tmp_path / "translate-en_cy-2_1.argosmodel"
    with zipfile.ZipFile(pack) as archive:
        names = archive.namelist()
        metadata = json.loads(archive.read("translate-en_cy-2_1/metadata.json"))
    assert {name.split("/")[0] for name in names} == {"translate-en_cy-2_1"}
    inside = {name.split("/", 1)[1] for name in names}
    assert {"metadata.json", "README.md", "model/model.bin", "sentencepiece.model"} <= inside
    assert [name for name in inside if name.startswith("minisbd/")] == ["minisbd/en.onnx"]
    assert metadata == {
        "package_version": "2.1",
        "argos_version": "1.9",
        "from_code": "en",
        "from_name": "Test en",
        "to_code": "cy",
        "to_name": "Test cy",
        "code": "translate-en_cy",
        "type": "translate",
        "links": [],
    }


def test_without_a_splitter_the_pack_has_no_minisbd_folder(tmp_path):
    with zipfile.ZipFile(build_pack(tmp_path, with_splitter=False)) as archive:
        names = archive.namelist()
    assert "translate-en_ar-1_0/model/model.bin" in names
    assert not [name for name in names if "/minisbd/" in name]
