"""The documents on the web: the year-end report's written parts, its files, the conclusion
notice's draft and files, the portal article."""
