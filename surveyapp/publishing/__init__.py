"""The bridge to evaluation: data downloads, brief drafts, and the published brief."""
