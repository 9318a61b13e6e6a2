"""Realistic synthetic job postings (HTML like ATS APIs return) for tests and the benchmark."""

from __future__ import annotations

import random

INTROS = [
    "We are a remote-first fintech company building payment infrastructure for small businesses across Europe.",
    "Our team builds a developer platform used by thousands of engineers every day, and we are growing fast.",
    "We help hospitals schedule staff with a product that combines optimisation and a friendly mobile app.",
    "Join a small, senior team that ships every day and cares about quality, autonomy and a sustainable pace.",
    "We are a profitable SaaS company with customers in forty countries and an office-optional culture.",
    "Our mission is to make logistics greener by routing millions of parcels with smarter software.",
]
RESPONSIBILITIES = [
    "Design, build and operate backend services that handle millions of requests per day.",
    "Work closely with product managers and designers to go from idea to production in small increments.",
    "Own features end to end, from the first sketch to monitoring them in production.",
    "Review code, mentor other engineers and help us react quickly to incidents when they happen.",
    "Improve our CI/CD pipelines and the developer experience of the whole engineering team.",
    "Build data pipelines with Apache Spark and Airflow that feed our analytics and machine learning models.",
    "Maintain our React and TypeScript frontend and the design system it is built on.",
    "Help the team excel at delivering reliable software and spark new ideas in planning sessions.",
]
REQUIREMENTS = [
    "5+ years of professional experience with Python and Django or FastAPI.",
    "Strong knowledge of PostgreSQL, Redis and data modeling.",
    "Experience running services on Kubernetes, Docker and AWS or Google Cloud Platform.",
    "Solid understanding of REST APIs, GraphQL and event-driven architecture with Kafka.",
    "Experience with Go or Rust in production systems.",
    "Hands-on experience with Terraform and GitHub Actions.",
    "Fluent English; German is an advantage.",
    "Experience with Java, Spring Boot and microservices.",
    "Good command of SQL and Excel for ad-hoc analysis.",
    "You write clean, tested code with pytest or Jest and care about observability with Prometheus and Grafana.",
]
NICE = [
    "Experience with Swift or Kotlin for mobile development is a plus.",
    "Familiarity with Snowflake, dbt or BigQuery.",
    "Knowledge of machine learning with PyTorch or scikit-learn.",
    "Contributions to open source projects.",
    "Experience in a fast-paced startup environment.",
]
BENEFITS = [
    "Competitive salary and stock options.",
    "Fully remote work within European time zones, with a yearly team offsite.",
    "A learning budget, a home office budget and 30 days of paid holiday.",
    "Flexible hours: we care about outcomes, not about when you go online.",
    "Private health insurance and a pension plan.",
]


def posting(rng: random.Random, words: int = 400) -> tuple[str, str]:
    """A (title, html_description) of about ``words`` words."""
    title = rng.choice(["Senior Backend Engineer", "Full-Stack Developer", "Data Engineer", "Platform Engineer"])
    parts: list[str] = []
    count = 0
    sections = [
        ("About us", INTROS, "p"),
        ("What you'll do", RESPONSIBILITIES, "li"),
        ("Requirements", REQUIREMENTS, "li"),
        ("Nice to have", NICE, "li"),
        ("What we offer", BENEFITS, "li"),
    ]
    while count < words:
        for heading, pool, tag in sections:
            picks = rng.sample(pool, k=min(3, len(pool)))
            parts.append(f"<h3>{heading}</h3>")
            if tag == "li":
                parts.append("<ul>" + "".join(f"<li>{p}</li>" for p in picks) + "</ul>")
            else:
                parts.append("".join(f"<p>{p}</p>" for p in picks))
            count += sum(len(p.split()) for p in picks) + len(heading.split())
            if count >= words:
                break
    return title, "\n".join(parts)
