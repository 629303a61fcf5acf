"""The evidence workbook: exported for staff to fill in, imported back cell by cell."""

# the evidence workbook's file name in the output folder
WORKBOOK_NAME = "evidence-workbook.xlsx"
