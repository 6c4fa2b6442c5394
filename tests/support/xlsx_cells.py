#!/ usr / bin / env python3
"""Prints the first worksheet of an XLSX file as JSON, read with openpyxl (not libxlsxwriter):
its title, every non-empty cell (type "n" for a number, "s" for text; value; number format) and
the merged ranges. Usage: xlsx_cells.py FILE"""
import json
import sys

import openpyxl


def main():
    sheet = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
    cells = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            is_number = isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
            cells[cell.coordinate] = {
                "type": "n" if is_number else "s",
                "value": repr(cell.value) if is_number else str(cell.value),
                "format": cell.number_format,
            }
    json.dump({"title": sheet.title, "cells": cells,
               "merged": [str(r) for r in sheet.merged_cells.ranges]}, sys.stdout,
              ensure_ascii=False)


if __name__ == "__main__":
    main()
