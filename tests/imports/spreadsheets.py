"""Small spreadsheets for the import tests."""

import io

import openpyxl

STUDENT_HEADER = "student_number,family_name,given_name,nationality,category,arrived_on"


def student_rows(count: int, bad: dict[int, str] | None = None) -> bytes:
    """``count`` valid student rows; ``bad`` replaces the arrival date of some (1-based) records."""
    lines = [STUDENT_HEADER]
    for n in range(1, count + 1):
        arrived = (bad or {}).get(n, "2024-09-01")
        lines.append(f"S{n:05d},Family{n},Given{n},KZ,degree,{arrived}")
    return ("\n".join(lines) + "\n").encode()


def xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
