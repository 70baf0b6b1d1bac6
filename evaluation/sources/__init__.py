"""Where a Dataset's parts come from: the app's database (read-only) or a researcher workbook
read back after cleaning. Each source returns the survey, its codebook and the raw data;
`evaluation.dataset` normalises them into one Dataset."""
