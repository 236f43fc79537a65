"""Machine translation behind one small interface (:class:`Machine`), chosen by settings: Argos Translate, or the
Null machine for sites without language packs.

A machine translates a batch of texts from one :class:`~app.i18n.locales.Locale` into another; the first pass
(:mod:`app.translation.first_pass`) does the protecting, glossary, memory and bookkeeping around it.
"""

from app.config import Settings
from app.translation.machine.argos import ArgosMachine
from app.translation.machine.base import Machine, MachineError
from app.translation.machine.null import NullMachine

__all__ = ["ArgosMachine", "Machine", "MachineError", "NullMachine", "machine_for"]


def machine_for(settings: Settings) -> Machine:
    """The machine the settings choose (``translation_backend``: ``argos`` or ``null``)."""
    if settings.translation_backend == "null":
        return NullMachine()
    return ArgosMachine(settings.data_dir, threads=settings.translation_threads)
