# 几条消息共用的部分

# 为什么手写的 slug（计划、单位或附件的名字）不能用；前面接“它”
slug-refused-empty = 是空的
slug-refused-folders = 含有 `{ $char }`，会被当作文件夹路径，可能指向网站以外
slug-refused-drive = 含有 `:`，在 Windows 上表示盘符
slug-refused-dots = 指的是当前文件夹或上一级文件夹
slug-refused-device = 是 `{ $name }`，这是 Windows 保留给设备的名字
