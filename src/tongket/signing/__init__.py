"""Documents signed as the e-office exchanges them (PAdES, Nghị định 30/2020 Phụ lục I) and the
check of a signed PDF: who signed, when, whether it changed since, whether it is trusted."""
