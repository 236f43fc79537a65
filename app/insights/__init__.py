"""Anonymous counters: what people search for (and do not find). No cookies, addresses or user agents."""
