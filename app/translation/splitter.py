"""Signpost's own sentence splitter for Argos packs that have none.

Argos (with MiniSBD) needs a sentence-splitting model per pack; a pack without one makes it download one from the
internet, which a council server must not do. This builds a tiny MiniSBD-compatible ONNX model instead: a lookup
table that ends a sentence at ``. ! ? ؟ ۔`` followed by a space or the end of the text (so "£3.50" and "e.g. this"
stay whole) and always at ``。``. It knows no abbreviations: good enough for a first pass that people review.
"""

import functools
import json
from pathlib import Path

import numpy as np

FILENAME = "signpost-punctuation.onnx"
SENTENCE_ENDS = ".!?؟۔"  # end a sentence when followed by whitespace or the end of the text
ALWAYS_ENDS = "。"  # ends a sentence wherever it is (Chinese and Japanese put no space after it)


def write(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(model_bytes())


@functools.cache
def model_bytes() -> bytes:
    """A MiniSBD model: per character, class 1 (a token ends here) or 2 (a sentence ends here).

    ``logits = base[unit] + ender[unit] * breaks[next unit]``; ``features`` (which MiniSBD always feeds) only
    adds ``0 * sum(features)``. Characters outside the tiny vocabulary are ``<UNK>`` and end a token."""
    from onnx import TensorProto, helper, numpy_helper

    units = ["<PAD>", "<UNK>", " "] + list(SENTENCE_ENDS + ALWAYS_ENDS)
    base, ender = np.zeros((len(units), 5), np.float32), np.zeros((len(units), 5), np.float32)
    base[:, 1] = 1.0
    for i, unit in enumerate(units):
        base[i, 2] = 2.0 if unit in ALWAYS_ENDS else 0.0
        ender[i, 2] = 2.0 if unit in SENTENCE_ENDS else 0.0
    breaks = np.array([1.0 if unit in ("<PAD>", " ") else 0.0 for unit in units], np.float32)
    constants: dict[str, np.ndarray] = {
        "base": base,
        "ender": ender,
        "breaks": breaks,
        "one": np.array([1], np.int64),
        "zero": np.array([0], np.int64),
        "last": np.array([2**62], np.int64),
        "axis": np.array([1], np.int64),
        "axis2": np.array([2], np.int64),
        "nothing": np.array(0, np.float32),
    }
    nodes = [
        helper.make_node("Gather", ["base", "units"], ["own"]),
        helper.make_node("Slice", ["units", "one", "last", "axis"], ["rest"]),
        helper.make_node("Slice", ["units", "zero", "one", "axis"], ["first"]),
        helper.make_node("Mul", ["first", "zero"], ["pad"]),  # a <PAD> column (id 0) after the last character
        helper.make_node("Concat", ["rest", "pad"], ["following"], axis=1),
        helper.make_node("Gather", ["breaks", "following"], ["breaks_after"]),
        helper.make_node("Unsqueeze", ["breaks_after", "axis2"], ["breaks_after3"]),
        helper.make_node("Gather", ["ender", "units"], ["ends"]),
        helper.make_node("Mul", ["ends", "breaks_after3"], ["ends_here"]),
        helper.make_node("Add", ["own", "ends_here"], ["scores"]),
        helper.make_node("ReduceSum", ["features"], ["feature_sum"], keepdims=0),
        helper.make_node("Mul", ["feature_sum", "nothing"], ["unused"]),
        helper.make_node("Add", ["scores", "unused"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny_sbd",
        [
            helper.make_tensor_value_info("units", TensorProto.INT64, ["batch", "length"]),
            helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", "length", "features"]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "length", 5])],
        [numpy_helper.from_array(value, name) for name, value in constants.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    vocab = {
        "lang": "",
        "idx": 0,
        "cutoff": 0,
        "lower": False,
        "_id2unit": units,
        "_unit2id": {unit: i for i, unit in enumerate(units)},
    }
    config = {
        "feat_funcs": ["space_before", "capitalized", "numeric", "end_of_para", "start_of_para"],
        "max_seqlen": 1000,
        "batch_size": 32,
        "use_dictionary": False,
        "num_dict_feat": 0,
    }
    helper.set_model_props(
        model, {"lang_code": "xx", "config": json.dumps(config), "vocab": json.dumps(vocab), "lexicon": "null"}
    )
    return model.SerializeToString()
