"""The Pantau desktop app (PySide6)."""

import sys

if sys.version_info < (3, 12) and not hasattr(sys, "gettotalrefcount"):  # release builds: count first
    import ctypes

    # PySide6 6.12 (shiboken) drops one reference to None on every call that returns nothing,
    # and to True/False when it emits a bool signal; harmless where they are immortal (Python
    # ≥ 3.12). On 3.11 their counts run down to zero and the interpreter aborts ("none_dealloc",
    # "bool_dealloc"), so give them a reference count no session can use up.
    for _singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(_singleton)).value += 1 << 40
