//! Matrix authorization rules for room versions 1 to 12, each rejection naming its rule.
