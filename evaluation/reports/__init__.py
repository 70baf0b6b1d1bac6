"""What is published: the findings brief and the feedback reports, both over one
published-figures object (`published.Published`), and the renderers that lay them out."""
