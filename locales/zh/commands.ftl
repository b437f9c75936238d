# new、fix-encoding、check --fix、init 命令
# 每条消息以问题代码命名（`.` 换成 `-`）；.help 是提示行，.about 是计数时对这类问题的称呼。

new-folder-exists =
    .about = 已存在的计划文件夹

new-file-exists =
    .about = 已存在的计划文件

new-write-failed =
    .about = 未能写出的新计划

new-field-empty =
    .about = 空的单位或标题

new-field-not-one-line =
    .about = 多于一行的单位或标题

new-year-out-of-range =
    .about = 超出可用年份范围的年份

fix-encoding-unknown =
    .about = 无法识别编码的文件

fix-encoding-unclean =
    .about = 无法完整解码的文件

fix-encoding-backup-exists =
    .about = 已存在的备份

fix-encoding-backup-failed =
    .about = 未能写出的备份

fix-encoding-write-failed =
    .about = 未能写出的转换后文件

fix-slips-backup-exists =
    .about = 已存在的 `.fix.bak` 备份

fix-slips-backup-failed =
    .about = 未能写出的 `.fix.bak` 备份

fix-slips-write-failed =
    .about = 未能写出的改正后文件

init-site-exists =
    .about = 已经有网站的文件夹

init-write-failed =
    .about = 未能写出的新网站
