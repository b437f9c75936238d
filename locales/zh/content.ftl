# 读取 content 文件夹
# 每条消息以问题代码命名（`.` 换成 `-`）；.help 是提示行，.about 是计数时对这类问题的称呼。

content-missing =
    .about = 没有 content 文件夹

content-stray-file =
    .about = 不属于任何计划的文件

content-txt-suffix =
    .about = 存成了 `.md.txt` 的计划

content-autosave =
    .about = 编辑器自动保存或备份的计划文件

content-symlink =
    .about = content 文件夹中的符号链接

file-unreadable =
    .about = 无法读取的文件

file-encoding-gbk =
    .about = 存成 GBK/GB18030 编码的文件

file-encoding-utf16 =
    .about = 存成 UTF-16 编码的文件

file-encoding-invalid =
    .about = 不是有效 UTF-8 文本的文件
