package answers

// ArticleInfo describes the article the engine answers about.
type ArticleInfo struct {
	Title  string
	Author string
	// Date is as printed in the article, e.g. "March 24, 2021".
	Date string
}
