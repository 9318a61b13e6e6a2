"""Company discovery from Common Crawl: domain mode, bulk WARC scans, the weekly schedule."""
