"""The toolkit every page is made with: rendering templates, reading parameters and forms safely, paging and
content Markdown. It sits below the domains (which use it) and above i18n and the core; it imports no domain."""
