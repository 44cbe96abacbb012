"""The reporting pages: dashboard, data entry, approvals and the indicator catalogue."""
