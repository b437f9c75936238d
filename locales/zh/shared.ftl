# 几条消息共用的部分

# 为什么手写的 slug（计划、单位或附件的名字）不能用；前面接“它”
slug-refused-empty = 是空的
slug-refused-folders = 含有 `{ $char }`，会被当作文件夹路径，可能指向网站以外
slug-refused-drive = 含有 `:`，在 Windows 上表示盘符
slug-refused-dots = 指的是当前文件夹或上一级文件夹
slug-refused-device = 是 `{ $name }`，这是 Windows 保留给设备的名称

# 为什么 Windows 保存不了这个附件名；前面接“它”
name-refused-windows-char = 含有 `{ $char }`，Windows 的文件名里不允许有这个字符
name-refused-trailing = 以点或空格结尾，Windows 会把它去掉
