"""Suite-wide test settings: Qt offscreen, no real user data touched."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the developer's OS keyring, and never let a test's own keyring backend class
# (keyring picks any defined subclass by priority) become the default of later tests.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
# Never let a test read or write the developer's real Pantau folders.
os.environ.pop("PANTAU_DATA_DIR", None)
os.environ.pop("PANTAU_SERVER_DATA_DIR", None)
