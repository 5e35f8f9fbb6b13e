"""Suite-wide test settings: Qt offscreen, no real user data touched."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the developer's OS keyring, and never let a test's own keyring backend class
# (keyring picks any defined subclass by priority) become the default of later tests.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
# No credential store in tests (above): every store's key is wrapped by this passphrase, with the
# cheapest key derivation, so that hundreds of new stores cost no second each.
os.environ["PANTAU_PASSPHRASE"] = "frasa-sandi-uji"
os.environ["PANTAU_KDF_COST"] = "minimum"
# The same for the console's account passwords (hundreds of accounts; tests/server checks the
# production cost in test_passwords.py).
os.environ["PANTAU_SERVER_PASSWORD_COST"] = "minimum"
# Never let a test read or write the developer's real Pantau folders.
os.environ.pop("PANTAU_DATA_DIR", None)
os.environ.pop("PANTAU_SERVER_DATA_DIR", None)

# The shared fixtures (server, shared_server, store, analyst) for every suite.
pytest_plugins = ["tests.support.fixtures"]


def pytest_configure(config):
    # PANTAU_WINRULES=1 is the same as `-p tests.support.winrules`: Windows' file rules on Linux.
    if os.environ.get("PANTAU_WINRULES") == "1" and not config.pluginmanager.has_plugin("tests.support.winrules"):
        config.pluginmanager.import_plugin("tests.support.winrules")


def pytest_terminal_summary(terminalreporter):
    """Say loudly when the PostgreSQL cases were skipped: CI sets the URL, a local run may not."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "PANTAU_TEST_DATABASE_URL" in str(report.longrepr)
    ]
    if skipped:
        terminalreporter.section("PostgreSQL NOT TESTED", sep="!", red=True, bold=True)
        terminalreporter.write_line(
            f"{len(skipped)} PostgreSQL test(s) SKIPPED: PANTAU_TEST_DATABASE_URL is not set. Set it "
            "(docs/testing.md) to run them; CI does.",
            red=True,
            bold=True,
        )
