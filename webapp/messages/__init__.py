"""The message centre (消息中心) in the browser: the bell on every page, the list of one's messages,
and one's notification settings. Reads and commands live in `webapp.notifications`."""
