"""Suite-wide test settings: Qt offscreen, no real user data touched."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never let a test read or write the developer's real Pantau folders.
os.environ.pop("PANTAU_DATA_DIR", None)
os.environ.pop("PANTAU_SERVER_DATA_DIR", None)
