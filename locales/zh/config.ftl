# site.yaml 与网站设置
# 每条消息以问题代码命名（`.` 换成 `-`）；.help 是提示行，.about 是计数时对这类问题的称呼。

config-missing =
    .about = 网站文件夹里没有 site.yaml

config-unreadable =
    .about = 无法按 UTF-8 文本读取的 site.yaml

config-yaml =
    .about = 不是有效 YAML 或有字段写错的 site.yaml

config-unit-no-name =
    .about = 名称为空的单位

config-unit-duplicate =
    .about = 重复声明的单位

config-unit-slug-invalid =
    .about = 不能使用的单位 `slug:`

config-unit-slug-duplicate =
    .about = 两个单位的 slug 相同

config-unit-parent-missing =
    .about = 上级单位未声明

config-unit-parent-cycle =
    .about = 经由上级单位又成了自己上级的单位

config-theme-missing =
    .about = 主题文件夹不存在

config-filing-unit-undeclared =
    .about = 应报送但未声明的单位

config-kind-plan-and-summary =
    .about = 同时列为计划和总结的类型

config-base-url-invalid =
    .about = 不是完整 http/https 地址的 `base_url`

config-base-path-invalid =
    .about = 写成了网址而不是路径的 `base_path`

option-base-path-invalid =
    .about = 写成了网址而不是路径的 `--base-path`

config-base-url-missing =
    .about = 缺少 RSS 和站点地图需要的 `base_url`

yaml-tab =
    .about = YAML 中应为空格处用了制表符

site-not-found =
    .about = 本文件夹及上级文件夹中都没有 site.yaml

site-no-plans =
    .about = 没有可发布计划的网站
