-- Request counts need no crash safety (a lost window only resets a budget): no WAL write per request.
ALTER TABLE "request_counters" SET UNLOGGED;
