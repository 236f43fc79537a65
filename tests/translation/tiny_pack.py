"""A tiny Argos Translate language pack, built offline in a fraction of a second, whose "translation" copies its
input: tests can then check everything around the machine (masking, sentence splitting, pack handling) exactly.

The pack holds
- ``sentencepiece.model``: a small unigram model (300 pieces) trained on generated English-like lines, with
  identity normalisation and no whitespace clean-up, so spacing and punctuation survive tokenisation;
- ``model/``: a one-layer Marian transformer, converted to CTranslate2, whose weights are set by hand so that
  target position *t* attends to source position *t* and emits that source piece (``_copy_weights``); pieces
  outside the vocabulary (Arabic letters, emoji) come back as ``<unk>`` replaced by Argos's ``replace_unknowns``;
- ``minisbd/<from_code>.onnx`` (unless ``with_splitter=False``): a lookup-table sentence splitter for MiniSBD
  that ends a sentence at ``. ! ? ؟ ۔`` followed by whitespace or the end of the text, and always at ``。``;
- ``metadata.json`` and ``README.md``, all under one top-level folder.

The expensive parts are language-independent and cached per process, so later packs cost a zip write.
Argos itself still changes some text: its decoder turns "_" into a space, it strips each paragraph, and it rejoins
sentences with one space.
"""

from __future__ import annotations

import functools
import io
import json
import random
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from app.translation import splitter
from app.translation.splitter import ALWAYS_ENDS, SENTENCE_ENDS

_PUNCTUATION = ".,!?;:'\"()[]-/&@%£*#_"
_WORDS = [
    "the",
    "council",
    "library",
    "opens",
    "at",
    "nine",
    "and",
    "closes",
    "early",
    "on",
    "Sunday",
    "for",
    "staff",
    "training",
    "you",
    "can",
    "book",
    "a",
    "room",
    "call",
    "us",
    "email",
    "help",
    "ask",
    "about",
    "care",
    "support",
    "housing",
    "benefits",
    "parking",
    "bins",
    "school",
    "transport",
    "advice",
    "free",
    "wifi",
    "children",
    "adults",
    "older",
    "people",
    "carers",
    "visit",
    "our",
    "centre",
    "form",
    "online",
    "London",
    "street",
    "road",
    "lane",
    "Kingsmead",
    "Example",
    "health",
    "money",
    "debt",
    "food",
    "bank",
    "open",
    "closed",
    "Monday",
    "Friday",
    "week",
    "month",
    "year",
    "How",
    "are",
    "Hello",
    "there",
    "Fine",
    "What",
    "When",
    "Where",
    "Why",
    "Who",
    "is",
    "this",
    "your",
    "my",
]
_TOKEN_DIMS = 96  # width of the token codes
_OMEGA = 2 * np.pi / np.array([3, 5, 7, 11, 13, 17, 19, 23])  # position code frequencies (coprime periods)
_MAX_POSITIONS = 1024  # longest source, in pieces, the model can copy (Argos stops at 256 output pieces anyway)


def build_pack(
    directory: Path, *, from_code: str = "en", to_code: str = "ar", version: str = "1.0", with_splitter: bool = True
) -> Path:
    """Build a tiny Argos Translate package that COPIES its input, and return the path of the .argosmodel zip."""
    top = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    metadata = {
        "package_version": version,
        "argos_version": "1.9",
        "from_code": from_code,
        "from_name": f"Test {from_code}",
        "to_code": to_code,
        "to_name": f"Test {to_code}",
        "code": f"translate-{from_code}_{to_code}",
        "type": "translate",
        "links": [],
    }
    files = {
        "metadata.json": json.dumps(metadata, indent=2).encode(),
        "README.md": f"# Copy pack {from_code} → {to_code}\n\nA test pack that returns its input.\n".encode(),
        "sentencepiece.model": _sentencepiece_model(),
    }
    files.update({f"model/{name}": data for name, data in _ctranslate2_model().items()})
    if with_splitter:
        files[f"minisbd/{from_code}.onnx"] = splitter.model_bytes()
    path = Path(directory) / f"{top}.argosmodel"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"{top}/{name}", data)
    return path


def _training_text() -> list[str]:
    """A few hundred English-like lines using every character the pack should know."""
    rng = random.Random(0)
    extras = [
        "020 7946 0123",
        "help@kingsmead.example",
        "https://kingsmead.example/care",
        "£12.50",
        "50%",
        "A&E",
        "(see below)",
        "[more]",
        "**bold**",
        "#3",
        "*",
        "_",
        "@home",
        "2024/25",
        "it's",
        '"quoted"',
        "well-being",
        "Q:",
        "a; b",
    ]
    lines = []
    for i in range(400):
        words = rng.choices(_WORDS, k=rng.randint(3, 12)) + [rng.choice(extras), str(rng.randint(0, 99999))]
        rng.shuffle(words)
        if i % 3 == 0:
            words = [w.upper() if rng.random() < 0.2 else w.capitalize() for w in words]
        text = " ".join(words)
        lines.append(text + rng.choice(SENTENCE_ENDS + ALWAYS_ENDS + ",;:"))
    lines.append(" ".join(_PUNCTUATION + SENTENCE_ENDS + ALWAYS_ENDS))
    lines.append("".join(chr(c) for c in range(ord("a"), ord("z") + 1)) + " ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789")
    return lines


@functools.cache
def _sentencepiece_model() -> bytes:
    import sentencepiece

    out = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(_training_text()),
        model_writer=out,
        model_type="unigram",
        vocab_size=300,
        hard_vocab_limit=False,
        character_coverage=1.0,
        byte_fallback=False,
        normalization_rule_name="identity",
        remove_extra_whitespaces=False,
        num_threads=1,
        minloglevel=2,
    )
    return out.getvalue()


def _marian_vocab() -> list[str]:
    """Marian's order: ``</s>`` then ``<unk>``, then the SentencePiece pieces (``<s>`` included)."""
    import sentencepiece

    sp = sentencepiece.SentencePieceProcessor(model_proto=_sentencepiece_model())
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    return ["</s>", "<unk>"] + [p for p in pieces if p not in ("</s>", "<unk>")]


def _position_codes(dims: int) -> np.ndarray:
    """Rows P[p] whose dot product P[t]·P[s] peaks sharply at s == t (a sum of cosines over coprime periods).

    Each (cos, sin) pair is repeated negated so that every row sums to zero and has the same norm: with the
    token codes built the same way, layer normalisation only rescales by a constant."""
    angles = np.outer(np.arange(_MAX_POSITIONS), _OMEGA)
    blocks = [np.cos(angles), np.sin(angles), -np.cos(angles), -np.sin(angles)]
    codes = np.stack(blocks, axis=2).reshape(_MAX_POSITIONS, 4 * len(_OMEGA))
    return codes * np.sqrt(dims / (2 * len(_OMEGA)))  # |P|² = dims, the same energy as sqrt(dims)·E[token]


def _copy_weights(vocab_size: int) -> dict[str, np.ndarray]:
    """Marian weights for a pre-norm transformer (1 encoder layer, 1 decoder layer, 1 head) that copies.

    Dimensions ``[0, _TOKEN_DIMS)`` carry tokens, the rest positions. Every sublayer writes nothing except the
    decoder's cross-attention, whose query and key read only position dimensions (so target t attends to
    source t, sharply) and whose value carries the source token, 20 times stronger than the decoder's own input
    token. The final decoder layer norm keeps only token dimensions, and the tied embeddings score the result.
    Position encodings are stored as ``Wpos``, which the CTranslate2 converter uses instead of sinusoids."""
    tok, pos = _TOKEN_DIMS, 4 * len(_OMEGA)
    d = tok + pos
    rng = np.random.default_rng(0)
    signs = np.repeat([1.0, -1.0], tok // 2)
    emb = np.zeros((vocab_size, d))
    emb[:, :tok] = [rng.permutation(signs) / np.sqrt(tok) for _ in range(vocab_size)]  # zero mean, unit norm
    positions = np.zeros((_MAX_POSITIONS, d))
    positions[:, tok:] = _position_codes(d)
    token_eye, position_eye = np.diag([1.0] * tok + [0.0] * pos), np.diag([0.0] * tok + [1.0] * pos)
    # Position scores: LN divides queries and keys by at most sqrt(2); CTranslate2 divides scores by sqrt(d).
    gap = len(_OMEGA) - np.cos(np.outer(np.arange(1, _MAX_POSITIONS), _OMEGA)).sum(axis=1).max()
    sharpness = 60.0 * 2 * np.sqrt(d) / (d / len(_OMEGA) * gap)  # ≥ 60 between the right and next-best source

    weights = {"Wemb": emb, "Wpos": positions, "decoder_ff_logit_out_b": np.zeros((1, vocab_size))}
    zero_ffn = {"W1": np.zeros((d, 8)), "b1": np.zeros((1, 8)), "W2": np.zeros((8, d)), "b2": np.zeros((1, d))}
    blocks = {
        "encoder_l1_self": {},
        "decoder_l1_self": {},
        "decoder_l1_context": {
            "Wq": sharpness * position_eye,
            "Wk": position_eye,
            "Wv": token_eye,
            "Wo": 20 * np.sqrt(2) * token_eye,
        },
    }  # sqrt(2): the encoder's top LN
    for scope, given in blocks.items():
        for name in ("q", "k", "v", "o"):
            weights[f"{scope}_W{name}"] = given.get(f"W{name}", np.zeros((d, d)))
            weights[f"{scope}_b{name}"] = np.zeros((1, d))
        weights[f"{scope}_Wo_ln_scale_pre"], weights[f"{scope}_Wo_ln_bias_pre"] = np.ones((1, d)), np.zeros((1, d))
    for side in ("encoder", "decoder"):
        weights.update({f"{side}_l1_ffn_{name}": value for name, value in zero_ffn.items()})
        weights[f"{side}_l1_ffn_ffn_ln_scale_pre"] = np.ones((1, d))
        weights[f"{side}_l1_ffn_ffn_ln_bias_pre"] = np.zeros((1, d))
        weights[f"{side}_top_ln_bias"] = np.zeros((1, d))
    weights["encoder_top_ln_scale"] = np.ones((1, d))
    weights["decoder_top_ln_scale"] = 8.0 * np.diag(token_eye)[None, :]  # score tokens only, sharply
    return {name: value.astype(np.float32) for name, value in weights.items()}


def _marian_config(d: int, vocab_size: int) -> str:
    import yaml

    return yaml.safe_dump(
        {
            "type": "transformer",
            "dim-emb": d,
            "dim-vocabs": [vocab_size, vocab_size],
            "enc-depth": 1,
            "dec-depth": 1,
            "transformer-heads": 1,
            "transformer-dim-ffn": 8,
            "transformer-ffn-activation": "relu",
            "transformer-preprocess": "n",
            "transformer-postprocess": "da",
            "transformer-postprocess-top": "n",
            "transformer-postprocess-emb": "d",
            "transformer-decoder-autoreg": "self-attention",
            "transformer-no-projection": False,
            "transformer-guided-alignment-layer": "last",
            "tied-embeddings-all": True,
        }
    )


@functools.cache
def _ctranslate2_model() -> dict[str, bytes]:
    """The converted model directory, as file name → bytes."""
    from ctranslate2.converters import MarianConverter

    vocab = _marian_vocab()
    weights = _copy_weights(len(vocab))
    config = _marian_config(weights["Wemb"].shape[1], len(vocab)).encode() + b"\0"
    weights["special:model.yml"] = np.frombuffer(config, dtype=np.int8)
    with tempfile.TemporaryDirectory() as tmp:
        model_path, vocab_path, output = Path(tmp, "model.npz"), Path(tmp, "vocab.yml"), Path(tmp, "ct2")
        np.savez(model_path, **weights)
        vocab_path.write_text(
            "".join(f"{json.dumps(token, ensure_ascii=False)}: {i}\n" for i, token in enumerate(vocab)),
            encoding="utf-8",
        )
        MarianConverter(str(model_path), [str(vocab_path), str(vocab_path)]).convert(str(output), force=True)
        return {path.name: path.read_bytes() for path in sorted(output.iterdir())}
