# 写出网站
# 每条消息以问题代码命名（`.` 换成 `-`）；.help 是提示行，.about 是计数时对这类问题的称呼。

output-refused =
    .about = 不可替换的输出文件夹

output-locked =
    .about = 另一次生成正在写入的输出文件夹

output-lock-failed =
    .about = 无法加锁的输出文件夹

output-write-failed =
    .about = 未能写出的网站

output-old-site-left =
    .about = 未能删除的旧网站

preview-write-failed =
    .about = 未能写出的预览

preview-internal-error = 重建预览时出现内部错误：{ $error }
    .help = 这是 plansite 的缺陷；请把最后保存的文件连同这条消息一起报告给维护者
    .about = 重建预览时的内部错误
