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

# YAML 解析器的说明（文件头和 site.yaml），用编辑的话说；接在“文件头不是有效的 YAML：”之类的后面
yaml-reason-colon = 这里不能再出现“: ”（英文冒号加空格）
yaml-reason-list = 方括号 [ ] 没有配对，或者列表各项之间少了英文逗号
yaml-reason-braces = 花括号 {"{"} {"}"} 没有配对，或者各项之间少了英文逗号
yaml-reason-end = 文件头意外结束：有引号或括号没有配对
yaml-reason-indent = 这一行的缩进和上下行对不齐，或者少了“字段: ”
yaml-reason-token = 有一个不能写在值开头的字符（如 @、` 或 %），请把整个值用英文引号括起来
yaml-reason-escape = 双引号里的反斜杠 \ 后面跟了不认识的字符；改用单引号，或把 \ 写成 \\
yaml-reason-no-colon = 找不到应有的“: ”（英文冒号加空格）
yaml-reason-unknown-field = 没有 `{ $field }` 这个设置项
