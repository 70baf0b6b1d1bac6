"""Laying out the document model: PDF (ReportLab), the accessible HTML twin, and the charts
both share."""
