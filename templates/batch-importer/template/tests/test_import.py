"""`python -m importer import`: the whole file checked before the first write, three modes that
write the same rows, the summary per table, reruns that change no count, and clean stops."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time

from importer.kit.testing import PROJECT, seed_env

TABLES = ("orders_by_customer", "orders_by_hour")


def counts(count_rows) -> dict[str, int]:
    return {table: count_rows(table) for table in TABLES}


def test_every_mode_writes_the_same_rows_and_the_summary_gives_rows_per_second(
    importer, orders_file, count_rows, empty_orders
):
    path = orders_file(600)
    result = importer("import", str(path), "--mode", "all")
    assert result.returncode == 0, result.stderr
    for mode in ("row", "partition", "logged"):
        assert f"--mode {mode} (" in result.stdout
    for table in TABLES:  # one line per table and mode: rows and rows/s
        lines = re.findall(rf"^  {table}\s+600 rows\s+[\d,]+ rows/s$", result.stdout, re.MULTILINE)
        assert len(lines) == 3, result.stdout
    # The comparison: requests per mode tell the modes apart (row 2 per order, logged 1).
    table = {
        m[0]: int(m[1].replace(",", ""))
        for m in re.findall(r"^(\w+)\s+600\s+\S+\s+\S+\s+([\d,]+)", result.stdout, re.M)
    }
    assert table["row"] == 1200 and table["logged"] == 600
    assert table["partition"] < table["row"]  # rows that share a partition went in one batch
    assert counts(count_rows) == {"orders_by_customer": 600, "orders_by_hour": 600}
    verified = importer("verify")
    assert verified.returncode == 0, verified.stderr
    assert "the two tables agree" in verified.stdout


def test_importing_the_same_file_again_changes_no_count(importer, orders_file, count_rows, empty_orders):
    path = orders_file(300, "orders.jsonl")
    assert importer("import", str(path), "--mode", "partition").returncode == 0
    first = counts(count_rows)
    again = importer("import", str(path), "--mode", "row")
    assert again.returncode == 0, again.stderr
    assert counts(count_rows) == first == {"orders_by_customer": 300, "orders_by_hour": 300}


def test_csv_json_and_json_lines_of_the_same_orders_write_the_same_rows(
    importer, orders_file, count_rows, empty_orders
):
    for name in ("orders.csv", "orders.json", "orders.jsonl"):
        result = importer("import", str(orders_file(150, name)), "--mode", "logged")
        assert result.returncode == 0, result.stderr
        assert "150 valid orders" in result.stdout
        assert counts(count_rows) == {"orders_by_customer": 150, "orders_by_hour": 150}


def test_a_bad_row_anywhere_writes_nothing_and_every_bad_row_is_listed(
    importer, orders_file, count_rows, empty_orders
):
    path = orders_file(400)
    lines = path.read_text().splitlines()
    lines[150] = lines[150].replace(",EUR,", ",EURO,").replace(",USD,", ",USDX,").replace(",GBP,", ",GB,")
    lines[150] = lines[150].replace(",SEK,", ",SE,")
    order_id, customer, at, *rest = lines[399].split(",")
    lines[399] = ",".join([order_id, customer, "2026-13-01T00:00:00Z", *rest])  # the very last row
    lines.insert(200, "ORD-X,C1,2026-11-01T00:00:00Z")  # a short row
    path.write_text("\n".join(lines) + "\n")
    result = importer("import", str(path), "--mode", "logged")
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{path}:151: column 'currency':" in result.stderr
    assert f"{path}:201: 3 cells, the header has 7" in result.stderr
    assert f"{path}:401: column 'ordered_at':" in result.stderr
    assert "rejected (3 bad rows of 401): nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert counts(count_rows) == {"orders_by_customer": 0, "orders_by_hour": 0}


def test_a_file_that_cannot_be_read_on_is_refused_at_its_line(importer, tmp_path, count_rows, empty_orders):
    path = tmp_path / "cut.json"
    path.write_text(
        '[\n  {"order_id": "A1", "customer_id": "C1", "ordered_at": "2026-11-01T00:00:00Z", "amount": "1"},\n'
        '  {"order_id": "A2", "cust'
    )
    result = importer("import", str(path))
    assert result.returncode == 2
    assert re.search(rf"^{re.escape(str(path))}:3: not valid JSON", result.stderr, re.M), result.stderr
    assert counts(count_rows) == {"orders_by_customer": 0, "orders_by_hour": 0}


def test_a_dry_run_checks_without_any_database(importer, orders_file):
    result = importer("import", str(orders_file(200, "orders.json")), "--dry-run", env={"SCYLLA_PORT": "1"})
    assert result.returncode == 0, result.stderr
    assert "200 valid orders" in result.stdout and "--dry-run: nothing was written" in result.stdout


def test_a_database_that_is_away_is_one_line_and_exit_1(importer, orders_file):
    result = importer("import", str(orders_file(20)), env={"SCYLLA_PORT": "1"})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error: ")


def test_ctrl_c_stops_cleanly_says_what_was_written_and_a_rerun_completes(
    orders_file, count_rows, empty_orders, importer
):
    total = 2000
    path = orders_file(total)
    proc = subprocess.Popen(
        [sys.executable, "-m", "importer", "import", str(path), "--mode", "row"],
        cwd=PROJECT,
        env=seed_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # until the first orders are written
        line = proc.stderr.readline()
        match = re.match(r"writing orders \(row\): ([\d,]+) of", line)
        if match and int(match[1].replace(",", "")) > 0:
            break
    else:
        proc.kill()
        raise AssertionError("no order was written within 120 s")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    stopped = re.search(
        r"interrupted: ([\d,]+) of ([\d,]+) orders written \(--mode row\); none is half-written", err
    )
    assert stopped, err
    written = int(stopped[1].replace(",", ""))
    assert 0 < written < total
    # Whole orders only: each one written is in both tables, and nothing else is.
    assert counts(count_rows) == {"orders_by_customer": written, "orders_by_hour": written}
    rerun = importer("import", str(path), "--mode", "partition")  # any mode finishes it
    assert rerun.returncode == 0, rerun.stderr
    assert counts(count_rows) == {"orders_by_customer": total, "orders_by_hour": total}
    assert importer("verify").returncode == 0


def test_verify_names_what_disagrees(importer, orders_file, cql, empty_orders):
    assert importer("import", str(orders_file(50))).returncode == 0
    row = cql("SELECT hour, ordered_at, order_id, customer_id FROM {ks}.orders_by_hour LIMIT 1")[0]
    cql(
        "DELETE FROM {ks}.orders_by_hour WHERE hour = %s AND ordered_at = %s AND order_id = %s",
        row.hour,
        row.ordered_at,
        row.order_id,
    )
    result = importer("verify")
    assert result.returncode == 1
    assert f"customer {row.customer_id}: " in result.stderr
    assert f"day {row.hour[:10]}: " in result.stderr
    assert "error: the query tables disagree (2 differences)" in result.stderr
