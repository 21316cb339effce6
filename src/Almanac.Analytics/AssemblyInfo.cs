// Almanac.Analytics: pivot queries, indicators and report definitions evaluated over the store's observations.
