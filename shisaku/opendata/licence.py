"""The licence of every open-data table: 公共データ利用規約（第1.0版）, compatible with CC BY 4.0.

These are the licence's own names and addresses (the data are Japanese; so is the licence).
"""

LICENCE_NAME = "公共データ利用規約（第1.0版）"
LICENCE_URL = "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0"
CC_BY_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NOTE = ("公共データ利用規約（第1.0版）は、クリエイティブ・コモンズ 表示 4.0 国際"
                f"（CC BY 4.0, {CC_BY_URL}）と互換性があります。")
