"""Child process of the crash test: writes reports until killed, printing each after its commit returned.

    python -m tests.cli.crash_writer DATA_DIR SEED

Lines: `new <id> <kronologi>` for a submitted report, `amend <id> <revision> <kronologi>`.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from sync.store import open_store
from sync.store import reports as repo
from tests.support.reports import warning_data

MAX_WRITES = 100_000


def main(data_dir: str, seed: int) -> None:
    store = open_store(Path(data_dir))
    rnd = random.Random(seed)
    made = []
    print("ready", flush=True)
    for n in range(MAX_WRITES):
        text = f"crash-{seed}-{n}"
        kind = rnd.choice(["single", "bulk", "amend"] if made else ["single"])
        with store.session() as session:
            if kind == "single":
                report = repo.create_draft(
                    session=session,
                    form_id="deteksi_dini",
                    data=warning_data(kronologi=text),
                    submit=True,
                )
                lines = [f"new {report.id} {text}"]
                made.append(report.id)
            elif kind == "bulk":
                items = [
                    warning_data(kronologi=f"{text}-{i}", tingkat=rnd.choice(["normal", "awas"]))
                    for i in range(5)
                ]
                reports = repo.import_reports(
                    session=session, form_id="deteksi_dini", items=items, submit=True
                )
                lines = [
                    f"new {r.id} {item['kronologi']}"
                    for r, item in zip(reports, items, strict=True)
                ]
                made.extend(r.id for r in reports)
            else:
                target = rnd.choice(made)
                report = repo.amend_report(
                    session=session, report_id=target, data=warning_data(kronologi=text)
                )
                lines = [f"amend {target} {report.revision} {text}"]
        sys.stdout.write("".join(line + "\n" for line in lines))
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
