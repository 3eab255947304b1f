"""Scan sources. Each feed yields FeedItems (a Scan, or a ScanFailure for input it could not
read) through one protocol, so the pipeline does not care where scans come from."""
